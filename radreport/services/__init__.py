"""I/O services (DICOM reading, storage, rendering...): plain Python, never Qt."""
