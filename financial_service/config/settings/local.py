from .base import *

DEBUG = env_bool("DJANGO_DEBUG", True)
