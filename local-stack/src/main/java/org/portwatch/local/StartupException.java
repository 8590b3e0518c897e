package org.portwatch.local;

/** The stack could not start; the message says why and what to do, for a person to read. */
final class StartupException extends Exception {
    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
