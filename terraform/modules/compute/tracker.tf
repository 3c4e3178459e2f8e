# The tracker: one ECS service per cell, each behind its own Network Load Balancer that
# passes TCP and UDP 6969 through with the client's address preserved (the tracker
# hands out peers' addresses, so it must see them). A CloudWatch agent sidecar scrapes
# the pool's Prometheus /metrics on loopback and publishes tracker_flush_lag_seconds in
# the Swarmhost/Tracker namespace, dimension Cell, for the flush-lag alarm.

resource "aws_security_group" "tracker" {
  name        = "${var.name}-tracker"
  description = "Announces from BitTorrent clients anywhere (TCP and UDP 6969)"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-tracker" })
}

resource "aws_vpc_security_group_ingress_rule" "tracker" {
  for_each          = toset(["tcp", "udp"])
  security_group_id = aws_security_group.tracker.id
  description       = "Announces over ${upper(each.value)}"
  ip_protocol       = each.value
  from_port         = local.tracker_port
  to_port           = local.tracker_port
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_lb" "tracker" {
  for_each                         = var.tracker_cells
  name                             = "${var.name}-trk-${each.key}"
  load_balancer_type               = "network"
  internal                         = false
  subnets                          = var.public_subnet_ids
  enable_cross_zone_load_balancing = true
  tags                             = var.tags
}

resource "aws_lb_target_group" "tracker" {
  for_each             = var.tracker_cells
  name                 = "${var.name}-trk-${each.key}"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  protocol             = "TCP_UDP"
  port                 = local.tracker_port
  preserve_client_ip   = "true"
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    protocol            = "TCP"
    port                = "traffic-port"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }
}

resource "aws_lb_listener" "tracker" {
  for_each          = var.tracker_cells
  load_balancer_arn = aws_lb.tracker[each.key].arn
  port              = local.tracker_port
  protocol          = "TCP_UDP"
  tags              = var.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tracker[each.key].arn
  }
}

resource "aws_route53_record" "tracker" {
  for_each = var.tracker_cells
  zone_id  = var.route53_zone_id
  name     = "${each.key}.tracker.${var.base_domain}"
  type     = "A"

  alias {
    name                   = aws_lb.tracker[each.key].dns_name
    zone_id                = aws_lb.tracker[each.key].zone_id
    evaluate_target_health = true
  }
}

locals {
  tracker_metrics_agent_config = {
    for cell, _ in var.tracker_cells : cell => jsonencode({
      logs = {
        force_flush_interval = 5
        metrics_collected = {
          prometheus = {
            log_group_name         = aws_cloudwatch_log_group.process["tracker-${cell}"].name
            prometheus_config_path = "env:PROMETHEUS_CONFIG_CONTENT"
            emf_processor = {
              metric_namespace = "Swarmhost/Tracker"
              metric_declaration = [{
                source_labels    = ["job"]
                label_matcher    = "^tracker$"
                dimensions       = [["Cell"]]
                metric_selectors = ["^tracker_flush_lag_seconds$"]
              }]
            }
          }
        }
      }
    })
  }
  tracker_prometheus_config = {
    for cell, _ in var.tracker_cells : cell => yamlencode({
      global = { scrape_interval = "15s", scrape_timeout = "5s" }
      scrape_configs = [{
        job_name       = "tracker"
        static_configs = [{ targets = ["127.0.0.1:${local.metrics_port}"], labels = { Cell = cell } }]
      }]
    })
  }
}

resource "aws_ecs_task_definition" "tracker" {
  for_each                 = var.tracker_cells
  family                   = "${var.name}-tracker-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory_mib
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([
    {
      name      = "tracker"
      image     = local.image["tracker"]
      essential = true
      portMappings = [
        { containerPort = local.tracker_port, protocol = "tcp" },
        { containerPort = local.tracker_port, protocol = "udp" },
      ]
      environment = [
        { name = "NODE_ENV", value = "production" },
        { name = "LOG_LEVEL", value = var.log_level },
        { name = "BASE_DOMAIN", value = var.base_domain },
        { name = "PUBLIC_TRACKER_URL", value = local.tracker_url[each.key] },
        { name = "TRACKER_HOST", value = "0.0.0.0" },
        { name = "TRACKER_PORT", value = tostring(local.tracker_port) },
        { name = "TRACKER_UDP_ENABLED", value = "true" },
        { name = "TRACKER_UDP_PORT", value = tostring(local.tracker_port) },
        { name = "TRACKER_WORKERS", value = "0" },
        { name = "TRACKER_METRICS_HOST", value = "127.0.0.1" },
        { name = "TRACKER_METRICS_PORT", value = tostring(local.metrics_port) },
      ]
      secrets          = local.shared_secrets
      stopTimeout      = 60
      healthCheck      = local.health_check["tracker"]
      logConfiguration = local.log_options["tracker-${each.key}"]
    },
    {
      name      = "metrics-agent"
      image     = var.metrics_agent_image
      essential = false
      environment = [
        { name = "CW_CONFIG_CONTENT", value = local.tracker_metrics_agent_config[each.key] },
        { name = "PROMETHEUS_CONFIG_CONTENT", value = local.tracker_prometheus_config[each.key] },
      ]
      logConfiguration = local.log_options["tracker-${each.key}"]
    },
  ])
}

resource "aws_ecs_service" "tracker" {
  for_each                          = var.tracker_cells
  name                              = "tracker-${each.key}"
  cluster                           = var.cluster_arn
  task_definition                   = aws_ecs_task_definition.tracker[each.key].arn
  desired_count                     = each.value.count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"
  tags                              = var.tags

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id, aws_security_group.tracker.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.tracker[each.key].arn
    container_name   = "tracker"
    container_port   = local.tracker_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
