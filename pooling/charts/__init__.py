"""Plotly figures only, one module per kind of figure, built from `pooling.lessons` records.
Nothing here imports Streamlit."""
