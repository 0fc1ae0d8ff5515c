"""The public site: the platform's home, each agency's pages, the guide, the catalogue, items,
search, feeds and the sitemap."""
