package dev.keyward.org;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.transport.sshd.agent.Connector;
import org.eclipse.jgit.transport.sshd.agent.ConnectorFactory;

/**
 * JGit's SSH agent hook, over the JDK's own Unix domain sockets: JGit's connector module (JNA-based) is not on
 * Maven Central. The socket is the ssh config's {@code IdentityAgent} when JGit passes one, else
 * {@code SSH_AUTH_SOCK} of the environment keyward was given (not necessarily the process's).
 */
final class AgentSockets implements ConnectorFactory {

    /** OpenSSH's own limit on an agent's reply. */
    static final int MAX_REPLY = 256 * 1024;
    private static final String AUTH_SOCK = "SSH_AUTH_SOCK";

    private static final ConnectorDescriptor DEFAULT = new ConnectorDescriptor() {
        @Override
        public String getIdentityAgent() {
            return AUTH_SOCK;
        }

        @Override
        public String getDisplayName() {
            return "the SSH agent named by SSH_AUTH_SOCK";
        }
    };

    private final Map<String, String> env;

    AgentSockets(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Connector create(String identityAgent, File homeDir) {
        return new Socket(socketOf(identityAgent, homeDir));
    }

    /**
     * The socket an {@code IdentityAgent} value names, as OpenSSH reads it: unset or {@code SSH_AUTH_SOCK} is the
     * environment's variable, {@code $NAME} or {@code ${NAME}} another variable, {@code ~/} the home folder;
     * null when it names nothing.
     */
    Path socketOf(String identityAgent, File homeDir) {
        String v = identityAgent == null ? "" : identityAgent.strip();
        if (v.isEmpty() || v.equals(AUTH_SOCK)) {
            v = env.getOrDefault(AUTH_SOCK, "");
        } else if (v.startsWith("${") && v.endsWith("}")) {
            v = env.getOrDefault(v.substring(2, v.length() - 1), "");
        } else if (v.startsWith("$")) {
            v = env.getOrDefault(v.substring(1), "");
        } else if ((v.equals("~") || v.startsWith("~/")) && homeDir != null) {
            v = homeDir.getPath() + v.substring(1);
        }
        if (v.isBlank()) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public String getName() {
        return "keyward-unix-socket";
    }

    @Override
    public Collection<ConnectorDescriptor> getSupportedConnectors() {
        return List.of(DEFAULT);
    }

    @Override
    public ConnectorDescriptor getDefaultConnector() {
        return DEFAULT;
    }

    /** One connection to an agent; JGit makes one per SSH session and calls it from one thread at a time. */
    static final class Socket implements Connector {
        /** An agent that says nothing for this long is treated as gone (it may be waiting for a confirmation). */
        static final long TIMEOUT_MILLIS = 60_000;
        private final Path path;
        private SocketChannel channel;
        private Selector selector;

        Socket(Path path) {
            this.path = path;
        }

        /** False when there is no agent: no socket named, no such file, or nothing listening (a stale socket). */
        @Override
        public synchronized boolean connect() throws IOException {
            if (channel != null) {
                return true;
            }
            if (path == null || !Files.exists(path)) {
                return false;
            }
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(path));
            } catch (ConnectException e) {
                c.close();
                return false;
            } catch (IOException | RuntimeException e) {
                c.close();
                throw new IOException("cannot connect to the SSH agent at " + path + ": " + e.getMessage(), e);
            }
            c.configureBlocking(false);
            selector = Selector.open();
            c.register(selector, 0);
            channel = c;
            return true;
        }

        /**
         * Sends one request and reads its reply. {@code message} has 5 spare bytes in front, for the request's
         * length (uint32, big-endian, counting the command byte and what follows) and its command byte; the reply
         * is returned without its length, command byte first.
         */
        @Override
        public synchronized byte[] rpc(byte command, byte[] message) throws IOException {
            if (channel == null) {
                throw new IllegalStateException("not connected to the SSH agent");
            }
            if (message.length < 5) {
                throw new IllegalArgumentException("an agent request needs 5 spare bytes in front");
            }
            ByteBuffer out = ByteBuffer.wrap(message);
            out.putInt(0, message.length - 4);
            out.put(4, command);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
            ByteBuffer len = readFully(ByteBuffer.allocate(4));
            long n = Integer.toUnsignedLong(len.getInt(0));
            if (n == 0 || n > MAX_REPLY) {
                throw new IOException("the SSH agent at " + path + " sent a reply of " + n + " bytes");
            }
            return readFully(ByteBuffer.allocate((int) n)).array();
        }

        private ByteBuffer readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                int n = channel.read(b);
                if (n < 0) {
                    throw new IOException("the SSH agent at " + path + " closed the connection mid-reply");
                } else if (n == 0) {
                    await(SelectionKey.OP_READ);
                }
            }
            return b;
        }

        private void await(int op) throws IOException {
            channel.keyFor(selector).interestOps(op);
            selector.selectedKeys().clear();
            long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
            while (selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)) == 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("interrupted while waiting for the SSH agent");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("the SSH agent at " + path + " did not answer within "
                            + TIMEOUT_MILLIS / 1000 + " s");
                }
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                SocketChannel c = channel;
                channel = null;
                try (Selector s = selector) {
                    c.close();
                }
            }
        }
    }
}
