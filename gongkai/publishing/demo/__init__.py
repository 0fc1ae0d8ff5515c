"""The demo's 主动公开: two years of items per demo agency, taken through the review chain."""
