"""The extractor version, apart from the extractors: a rescan that finds nothing new compares it with the store's
without importing them (and compiling their rules)."""

# Bump when extraction changes in a way that should re-extract stored articles.
EXTRACTOR_VERSION = "7"
