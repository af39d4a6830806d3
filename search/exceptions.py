class SearchUnavailable(Exception):
    """The search backend cannot answer (e.g. Elasticsearch is down)."""
