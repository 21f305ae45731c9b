"""Homework: personal weekly assignments and the member's reflections on them.
Reflections are private until the member shares them with their therapists."""
