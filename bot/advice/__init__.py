"""Advising: ranking tools for a situation, and the safety alerts that come before any tool."""
