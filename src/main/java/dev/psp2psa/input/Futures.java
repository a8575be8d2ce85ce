package dev.psp2psa.input;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the readers and converters that run on other threads. */
final class Futures {

    private Futures() {
    }

    /** The result, or what the task threw (an {@link InputException} among others), as thrown. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
