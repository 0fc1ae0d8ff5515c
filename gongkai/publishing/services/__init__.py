"""Writes on items: drafting (``drafting``) and the review chain's steps (``steps``)."""
