/**
 * The HTTP API ({@code docs/http-api.md}) on Javalin: one thin route class per resource (health,
 * projects, runs, history, ingest, files) that checks the request, calls the ingest code or the
 * stores, and writes JSON. Every failure, unknown routes and bugs included, leaves as the JSON error
 * body.
 */
package dev.vane.server.http;
