package dev.keyward.spark;

import java.io.Serializable;

/** An error or a skipped item of one repository, as the job reports it. */
record Problem(String repo, boolean error, String path, String message) implements Serializable {
    private static final long serialVersionUID = 1L;
}
