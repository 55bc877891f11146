"""watchfloor: attributed claims from contested reporting."""
