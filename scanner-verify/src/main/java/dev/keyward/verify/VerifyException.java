package dev.keyward.verify;

/** A request keyward was asked to make (a look-up, a revocation) could not be made or was refused; says why. */
public final class VerifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VerifyException(String message) {
        super(message);
    }
}
