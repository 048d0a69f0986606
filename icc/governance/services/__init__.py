"""Every write of the governance app: strategy documents, endorsements and votes."""
