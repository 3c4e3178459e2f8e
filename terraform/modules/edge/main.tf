# The public HTTPS edge: one ALB with host-based routing (tenant sites on
# *.<base_domain>, the console on <base_domain>, tenants' custom domains, and the
# gateway on its own host with long idle timeouts and sticky sessions for Socket.io),
# the ACM certificates, and the DNS records in the base domain's zone.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public HTTP and HTTPS"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from anywhere (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_site" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the site tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.site_port
  to_port                      = var.site_port
  referenced_security_group_id = var.tasks_security_group_id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_gateway" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the gateway tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.gateway_port
  to_port                      = var.gateway_port
  referenced_security_group_id = var.tasks_security_group_id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb_site" {
  security_group_id            = var.tasks_security_group_id
  description                  = "Site port from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.site_port
  to_port                      = var.site_port
  referenced_security_group_id = aws_security_group.alb.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb_gateway" {
  security_group_id            = var.tasks_security_group_id
  description                  = "Gateway port from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.gateway_port
  to_port                      = var.gateway_port
  referenced_security_group_id = aws_security_group.alb.id
  tags                         = var.tags
}

resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  idle_timeout               = var.idle_timeout_seconds
  drop_invalid_header_fields = true
  enable_http2               = true
  tags                       = var.tags
}

resource "aws_lb_target_group" "site" {
  name                 = "${var.name}-site"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.site_port
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

# Socket.io starts with HTTP long-polling before it upgrades: every request of one
# session must reach the same gateway, hence the load balancer's cookie.
resource "aws_lb_target_group" "gateway" {
  name                 = "${var.name}-gateway"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.gateway_port
  deregistration_delay = 60
  tags                 = var.tags

  stickiness {
    type            = "lb_cookie"
    enabled         = true
    cookie_duration = 86400
  }

  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_acm_certificate" "wildcard" {
  domain_name               = "*.${var.base_domain}"
  subject_alternative_names = [var.base_domain]
  validation_method         = "DNS"
  tags                      = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Keyed by domain name (known when planning); the wildcard and the bare domain share one
# validation record, hence allow_overwrite.
resource "aws_route53_record" "wildcard_validation" {
  for_each = {
    for option in aws_acm_certificate.wildcard.domain_validation_options : option.domain_name => {
      name   = option.resource_record_name
      type   = option.resource_record_type
      record = option.resource_record_value
    }
  }
  zone_id         = var.route53_zone_id
  name            = each.value.name
  type            = each.value.type
  records         = [each.value.record]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "wildcard" {
  certificate_arn         = aws_acm_certificate.wildcard.arn
  validation_record_fqdns = [for record in aws_route53_record.wildcard_validation : record.fqdn]
}

# A tenant's own domain lives in the tenant's DNS: the certificate waits until the tenant
# publishes the validation record (output custom_domain_validation_records).
resource "aws_acm_certificate" "custom" {
  for_each          = toset(var.tenant_custom_domains)
  domain_name       = each.value
  validation_method = "DNS"
  tags              = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.wildcard.certificate_arn
  tags              = var.tags

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "No Swarmhost community at this address."
      status_code  = "404"
    }
  }
}

# Only once the tenant published the validation record (ACM issued the certificate) may
# the listener serve it: an operator moves the domain into tenant_custom_domains_ready.
resource "aws_lb_listener_certificate" "custom" {
  for_each        = toset(var.tenant_custom_domains_ready)
  listener_arn    = aws_lb_listener.https.arn
  certificate_arn = aws_acm_certificate.custom[each.value].arn
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener_rule" "gateway" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10
  tags         = var.tags

  condition {
    host_header {
      values = [var.gateway_host]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.gateway.arn
  }
}

# The shared site after the cells (20-49) and the search lane (50-52), so a cell's
# <slug>.<base_domain> host goes to its cell, and a search to the lane, before the
# wildcard catches it.
resource "aws_lb_listener_rule" "site" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 60
  tags         = var.tags

  condition {
    host_header {
      values = [var.base_domain, "*.${var.base_domain}"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.site.arn
  }
}

# Site cells: a community (or a few) on a site service of its own. The ALB sends the
# cell's hosts to the cell's target group; every site process can serve every tenant, so
# moving a community into or out of a cell is only this routing. One rule per five names.
locals {
  site_cell_rules = flatten([
    for cell in sort(keys(var.site_cells)) : [
      for chunk in range(ceil(length(var.site_cells[cell]) / 5)) : {
        key   = "${cell}-${chunk}"
        cell  = cell
        hosts = slice(var.site_cells[cell], chunk * 5, min(length(var.site_cells[cell]), chunk * 5 + 5))
      }
    ]
  ])
}

resource "aws_lb_target_group" "site_cell" {
  for_each             = local.site_groups
  name                 = "${var.name}-web-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.site_port
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener_rule" "site_cell" {
  for_each     = { for index, rule in local.site_cell_rules : rule.key => merge(rule, { priority = 20 + index }) }
  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority
  tags         = var.tags

  condition {
    host_header {
      values = each.value.hosts
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.site_cell[each.value.cell].arn
  }
}

# The search lane: the site's searches on a site service of their own (the app's
# src/server/search-lane.ts names the same requests), so one community's searches never
# share an event loop with everyone's pages. After the cells (a cell's searches stay in
# its cell) and before the shared site and the custom domains, for any host. A rule holds
# at most five condition values; `?*` is one character or more (a q with text).
# requests.list with text (its text is inside tRPC's JSON input) stays on the shared site.
locals {
  # The lane's target group is a cell's without hosts: <name>-web-search. (A for
  # expression, not a conditional: the two objects' attributes would differ.)
  site_groups = merge(var.site_cells, { for lane in (var.search_lane ? ["search"] : []) : lane => [] })
  search_lane_rules = var.search_lane ? {
    trpc  = { priority = 50, paths = ["/api/trpc/*torrents.search*", "/api/trpc/*forums.search*"], query = false }
    pages = { priority = 51, paths = ["/torrents", "/forums/search", "/requests"], query = true }
    feeds = { priority = 52, paths = ["/api/v1/torrents", "/api/torznab"], query = true }
  } : {}
}

resource "aws_lb_listener_rule" "site_search" {
  for_each     = local.search_lane_rules
  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority
  tags         = var.tags

  condition {
    path_pattern {
      values = each.value.paths
    }
  }

  dynamic "condition" {
    for_each = each.value.query ? ["q"] : []
    content {
      query_string {
        key   = condition.value
        value = "?*"
      }
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.site_cell["search"].arn
  }
}

# A host_header condition holds at most five names: one rule per five custom domains.
resource "aws_lb_listener_rule" "custom_domains" {
  count        = ceil(length(var.tenant_custom_domains_ready) / 5)
  listener_arn = aws_lb_listener.https.arn
  priority     = 100 + count.index
  tags         = var.tags

  condition {
    host_header {
      values = slice(var.tenant_custom_domains_ready, count.index * 5, min(length(var.tenant_custom_domains_ready), count.index * 5 + 5))
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.site.arn
  }
}

resource "aws_route53_record" "site" {
  for_each = toset([var.base_domain, "*.${var.base_domain}", var.gateway_host])
  zone_id  = var.route53_zone_id
  name     = each.value
  type     = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
