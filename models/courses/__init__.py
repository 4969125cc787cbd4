"""Training courses (교육과정, issue 14): models/courses/service.py joins the parts."""
