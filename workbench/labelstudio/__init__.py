"""Label Studio: the local server (``server``), the SDK wrapper (``client``, the only module
that imports ``label_studio_sdk``), pure conversions (``convert``) and push/pull (``sync``)."""
