package io.chathistorybridge.reload;

/** A route file that cannot be loaded: the message is one line naming the file, the line and the problem. */
public final class RouteFileProblem extends Exception {

    public RouteFileProblem(String oneLine) {
        super(oneLine, null, false, false);
    }
}
