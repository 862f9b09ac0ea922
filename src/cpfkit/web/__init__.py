"""The dashboard: server-rendered pages with charts drawn by Plotly from the installed package."""
