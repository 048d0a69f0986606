"""Every write of the policy lab: stakeholders, labs, uptakes, strategies."""
