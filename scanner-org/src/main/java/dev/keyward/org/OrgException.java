package dev.keyward.org;

/**
 * Something this module could not do, with a message fit to show a user as it is (it names the repository, file
 * or organisation, and never holds a credential).
 */
public class OrgException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrgException(String message) {
        super(message);
    }

    public OrgException(String message, Throwable cause) {
        super(message, cause);
    }
}
