/**
 * API keys: generation and hashing, finding a request's user, and creating the admin on first
 * start.
 */
package dev.vane.server.auth;
