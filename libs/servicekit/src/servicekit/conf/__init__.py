"""Django settings shared by every project: ``from servicekit.conf.defaults import *`` in base.py."""
