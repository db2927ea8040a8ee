/**
 * keyward's library: sources yield blobs, detection makes findings, reports write them. Only the API packages are
 * exported; {@code dev.keyward.internal.*} is not reachable from other modules.
 */
module dev.keyward.core {
    requires org.eclipse.jgit;
    requires re2j; // no Automatic-Module-Name: named after its jar
    requires org.apache.commons.io;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;

    exports dev.keyward;
    exports dev.keyward.finding;
    exports dev.keyward.report;
    exports dev.keyward.rules;
    exports dev.keyward.source;
    exports dev.keyward.suppress;
}
