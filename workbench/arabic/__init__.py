"""The Arabic text layer: stored text, a normalised view with a map back, tokens,
sentences and paragraphs, all with half-open code-point offsets into the stored text."""
