"""Test helpers shared by every project: a throwaway PostgreSQL server and a pytest plugin."""
