"""Internals of the gettext catalog layer; import the public names from :mod:`roadmapi18n.catalog`."""
