"""Analytics: forecasting, attainment, scenarios, priority scoring, class breaks, typology.

Pure pandas/numpy/scipy/statsmodels: typed, deterministic, no I/O, no Dash, no SQL, nothing else of ours.
"""
