"""App: answers, claim checks, the command line and the Streamlit page."""
