"""Plain domain models and clinical rules: no Qt, no file I/O, no pydicom."""
