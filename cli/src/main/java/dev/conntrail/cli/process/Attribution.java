package dev.conntrail.cli.process;

/**
 * What conntrail can say about one end of a connection: the process that owns its socket
 * ({@link ProcessOwner}), or why it cannot say ({@link Unknown}). Never a guess.
 */
public sealed interface Attribution permits ProcessOwner, Unknown {
}
