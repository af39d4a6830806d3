"""Donation records and the donation page (see issue: Donations)."""
