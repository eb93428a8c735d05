"""Files that ship with mapbridge: the default slide template and other assets."""
