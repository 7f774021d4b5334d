"""The extract stage: a parsed article in, entities, quotes, quantities, dates and claims out."""
