"""Machine translation providers behind one protocol (see :mod:`.base`)."""
