"""Gongkai (公开): 政府信息公开 work for an agency and its provincial office."""
