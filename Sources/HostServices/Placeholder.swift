// Placeholder until the host services table lands.
