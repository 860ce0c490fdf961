"""Page layouts: pure functions from data and labels to Dash components. No store access, no callbacks."""
