"""Text utilities shared by the stages: names, temporal expressions, clauses."""
