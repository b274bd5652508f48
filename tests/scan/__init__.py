"""Tests of scan/."""
