"""Training of the content/boilerplate line model from the WCXB development split (`make train`)."""
