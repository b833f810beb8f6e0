"""ILRS Watch: the library. Everything here is plain Python; Prefect lives in `flows/`."""
