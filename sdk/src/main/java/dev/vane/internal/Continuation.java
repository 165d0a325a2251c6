package dev.vane.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a run continues from: a new run starts from nothing; a resumed, forked or rewound one from
 * the server's answer.
 *
 * @param startStep the step of the first row
 * @param config the config to show (the server's, with this run's merged in)
 * @param summary the summary so far
 * @param runtimeOffsetSeconds the live time before this writer, where {@code _runtime} continues
 * @param resumeFile {@code vane-resume.json} to delete after a clean finish ({@code resume
 *     "auto"}), or {@code null}
 */
record Continuation(
    long startStep,
    Map<String, Object> config,
    Map<String, Object> summary,
    double runtimeOffsetSeconds,
    Path resumeFile) {}
