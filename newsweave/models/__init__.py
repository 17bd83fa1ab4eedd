"""The models newsweave loads: sentence embeddings (ONNX or PyTorch) and bounded spaCy vocabularies."""
