package dev.psp2psa.pss;

import static dev.psp2psa.pss.CheckSupport.containers;
import static dev.psp2psa.pss.CheckSupport.joinQuote;
import static dev.psp2psa.pss.CheckSupport.pluralize;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code hostProbesAndHostLifecycle} (baseline, v1.34+): probes and lifecycle handlers must not set a host for
 * httpGet or tcpSocket.
 */
public final class HostProbesAndHostLifecycleCheck extends AbstractCheck {

    public HostProbesAndHostLifecycleCheck() {
        super("hostProbesAndHostLifecycle", Level.BASELINE, null,
                "Probes and lifecycle handlers must not set httpGet.host or tcpSocket.host.", 34);
    }

    @Override
    CheckResult evaluate(ObjectMeta meta, PodSpec spec, Version version) {
        TreeSet<String> badContainers = CheckSupport.sortedSet();
        TreeSet<String> hosts = CheckSupport.sortedSet();
        for (ContainerView c : containers(spec)) {
            List<String> found = new ArrayList<>();
            probeHosts(c.livenessProbe(), found);
            probeHosts(c.readinessProbe(), found);
            probeHosts(c.startupProbe(), found);
            if (c.lifecycle() != null) {
                handlerHosts(c.lifecycle().getPostStart(), found);
                handlerHosts(c.lifecycle().getPreStop(), found);
            }
            if (!found.isEmpty()) {
                badContainers.add(c.name());
                hosts.addAll(found);
            }
        }
        if (badContainers.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("probe or lifecycle host", String.format("%s %s %s %s %s",
                pluralize("container", "containers", badContainers.size()), joinQuote(badContainers),
                pluralize("uses", "use", badContainers.size()),
                pluralize("probe or lifecycle host", "probe or lifecycle hosts", hosts.size()), joinQuote(hosts)));
    }

    private static void probeHosts(Probe probe, List<String> found) {
        if (probe != null) {
            hosts(probe.getHttpGet(), probe.getTcpSocket(), found);
        }
    }

    private static void handlerHosts(LifecycleHandler handler, List<String> found) {
        if (handler != null) {
            hosts(handler.getHttpGet(), handler.getTcpSocket(), found);
        }
    }

    private static void hosts(HTTPGetAction httpGet, TCPSocketAction tcpSocket, List<String> found) {
        if (httpGet != null && httpGet.getHost() != null && !httpGet.getHost().isEmpty()) {
            found.add(httpGet.getHost());
        }
        if (tcpSocket != null && tcpSocket.getHost() != null && !tcpSocket.getHost().isEmpty()) {
            found.add(tcpSocket.getHost());
        }
    }
}
