"""Process infrastructure: time budgets, memory trimming, readable log output."""
