# The site, the gateway and the worker. The site and gateway scale on CPU and on ALB
# requests per task; the worker runs a fixed count (its jobs are idempotent and
# BullMQ spreads them over the processes).

resource "aws_ecs_task_definition" "site" {
  family                   = "${var.name}-site"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.site.cpu
  memory                   = var.site.memory_mib
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([
    {
      name         = "site"
      image        = local.image["web"]
      essential    = true
      portMappings = [{ containerPort = local.site_port, protocol = "tcp" }]
      environment = concat(local.shared_environment, local.search_environment, [
        { name = "WEB_PORT", value = tostring(local.site_port) },
        { name = "WEB_PROTOCOL", value = "https" },
        { name = "MAIL_TRANSPORT", value = "smtp" },
        { name = "MAIL_FROM", value = var.mail_from },
        # Exact addresses only today: see terraform/README.md ("Known gaps").
        { name = "WEB_TRUSTED_PROXIES", value = join(",", var.web_trusted_proxies) },
        { name = "REALTIME_PUBLIC_URL", value = "https://${var.gateway_host}" },
      ])
      secrets = concat(local.shared_secrets, local.search_secrets, [
        { name = "SMTP_URL", valueFrom = var.smtp_url_secret_arn },
        { name = "REALTIME_TOKEN_SECRET", valueFrom = var.realtime_token_secret_arn },
      ])
      logConfiguration = local.log_options["site"]
    }
  ])
}

resource "aws_ecs_service" "site" {
  name                              = "site"
  cluster                           = var.cluster_arn
  task_definition                   = aws_ecs_task_definition.site.arn
  desired_count                     = var.site.min_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"
  tags                              = var.tags

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.site_target_group_arn
    container_name   = "site"
    container_port   = local.site_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

# Site cells: the same task on services of their own, registered in the cell's target
# group (the edge sends the cell's hosts there), scaled like the shared site. The search
# lane is one more such service, "site-search" (the edge sends it the searches); its
# front gate takes the search budget as the shared site's does.
locals {
  site_cell_services = merge(var.site_cells, { for lane in (var.search_lane == null ? [] : ["search"]) : lane => var.search_lane })
}

resource "aws_ecs_service" "site_cell" {
  for_each                          = local.site_cell_services
  name                              = "site-${each.key}"
  cluster                           = var.cluster_arn
  task_definition                   = aws_ecs_task_definition.site.arn
  desired_count                     = each.value.min_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"
  tags                              = var.tags

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.site_cell_target_group_arns[each.key]
    container_name   = "site"
    container_port   = local.site_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_task_definition" "gateway" {
  family                   = "${var.name}-gateway"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.gateway.cpu
  memory                   = var.gateway.memory_mib
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([
    {
      name         = "gateway"
      image        = local.image["realtime"]
      essential    = true
      portMappings = [{ containerPort = local.gateway_port, protocol = "tcp" }]
      environment = concat(local.shared_environment, [
        { name = "REALTIME_PORT", value = tostring(local.gateway_port) },
        { name = "REALTIME_HOST", value = "0.0.0.0" },
        { name = "REALTIME_PUBLIC_URL", value = "https://${var.gateway_host}" },
        { name = "REALTIME_CORS_ORIGINS", value = "" },
      ])
      secrets = concat(local.shared_secrets, [
        { name = "REALTIME_TOKEN_SECRET", valueFrom = var.realtime_token_secret_arn },
      ])
      logConfiguration = local.log_options["gateway"]
    }
  ])
}

resource "aws_ecs_service" "gateway" {
  name                              = "gateway"
  cluster                           = var.cluster_arn
  task_definition                   = aws_ecs_task_definition.gateway.arn
  desired_count                     = var.gateway.min_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"
  tags                              = var.tags

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.gateway_target_group_arn
    container_name   = "gateway"
    container_port   = local.gateway_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "${var.name}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.worker.cpu
  memory                   = var.worker.memory_mib
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([
    {
      name      = "worker"
      image     = local.image["worker"]
      essential = true
      environment = concat(local.shared_environment, local.search_environment, [
        { name = "WORKER_HEALTH_HOST", value = "127.0.0.1" },
        { name = "WORKER_HEALTH_PORT", value = tostring(local.worker_health_port) },
      ])
      secrets          = concat(local.shared_secrets, local.search_secrets)
      healthCheck      = local.health_check["worker"]
      logConfiguration = local.log_options["worker"]
    }
  ])
}

resource "aws_ecs_service" "worker" {
  name            = "worker"
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = var.worker.count
  launch_type     = "FARGATE"
  propagate_tags  = "SERVICE"
  tags            = var.tags

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}

locals {
  shared_scaled = {
    site = {
      service        = aws_ecs_service.site.name
      size           = var.site
      resource_label = "${var.alb_arn_suffix}/${var.site_target_group_arn_suffix}"
    }
    gateway = {
      service        = aws_ecs_service.gateway.name
      size           = var.gateway
      resource_label = "${var.alb_arn_suffix}/${var.gateway_target_group_arn_suffix}"
    }
  }
  # Each site cell (and the search lane) scales like the shared site, between its own counts.
  cell_scaled = {
    for cell, counts in local.site_cell_services : "site-${cell}" => {
      service        = aws_ecs_service.site_cell[cell].name
      size           = merge(var.site, counts)
      resource_label = "${var.alb_arn_suffix}/${var.site_cell_target_group_arn_suffixes[cell]}"
    }
  }
  scaled = merge(local.shared_scaled, local.cell_scaled)
}

resource "aws_appautoscaling_target" "scaled" {
  for_each           = local.scaled
  service_namespace  = "ecs"
  resource_id        = "service/${var.cluster_name}/${each.value.service}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = each.value.size.min_count
  max_capacity       = each.value.size.max_count
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each           = local.scaled
  name               = "${var.name}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.scaled[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.scaled[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.scaled[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.size.cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  for_each           = local.scaled
  name               = "${var.name}-${each.key}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.scaled[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.scaled[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.scaled[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.size.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = each.value.resource_label
    }
  }
}
