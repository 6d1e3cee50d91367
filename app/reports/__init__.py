"""Coordinators' reports: dashboard, learner report with CSV/XLSX exports, transcripts."""
