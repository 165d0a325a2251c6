/**
 * The public read-and-change API ({@link dev.vane.Api}, {@link dev.vane.ApiRun}) over HTTP: the
 * client, path parsing, JSON conversion, and the lazy history and run-list streams. Not API.
 */
package dev.vane.internal.api;
