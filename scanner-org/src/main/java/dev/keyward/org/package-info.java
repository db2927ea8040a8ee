/**
 * Whole organisations in one run: repository lists ({@link dev.keyward.org.RepoList}), the GitHub organisation
 * listing ({@link dev.keyward.org.GitHubOrg}), bare mirrors of clone URLs ({@link dev.keyward.org.Mirrors}), the
 * incremental state ({@link dev.keyward.org.StateStore}) and the run over all of them
 * ({@link dev.keyward.org.OrgScan}). Everything that touches the network lives here, never in scanner-core.
 */
package dev.keyward.org;
